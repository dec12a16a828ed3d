namespace EcommerceLake.Lake;

/// <summary>Which adapter of <see cref="ILakeStore"/> holds the lake (<see cref="LakeOptions.Store"/>).</summary>
public enum LakeStoreKind
{
    /// <summary>A local directory (<see cref="LocalLakeStore"/>).</summary>
    Local,

    /// <summary>A Cloud Storage bucket through the JSON API.</summary>
    Gcs,
}
