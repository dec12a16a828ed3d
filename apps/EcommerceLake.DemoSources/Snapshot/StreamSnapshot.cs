using EcommerceLake.Streams;

namespace EcommerceLake.DemoSources.Snapshot;

/// <summary>What one stream of a source holds, in the form trusted must hold it (see
/// <see cref="TrustedRowForm"/>).</summary>
/// <param name="Spec">The stream's spec.</param>
/// <param name="Rows">Row key (primary-key values joined with '|') → values in spec column order.</param>
/// <param name="Rejected">Rows that cannot reach trusted (a value that does not fit its type, a missing key), each as
/// "where: why".</param>
/// <param name="Files">For a files stream, the files read, in the order applied (later files win per key); empty
/// otherwise.</param>
public sealed record StreamSnapshot(
    StreamSpec Spec,
    IReadOnlyDictionary<string, string?[]> Rows,
    IReadOnlyList<string> Rejected,
    IReadOnlyList<string> Files);
