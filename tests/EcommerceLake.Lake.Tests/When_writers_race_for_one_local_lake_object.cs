using System.Text;
using EcommerceLake.Testing;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Lake.Tests;

/// <summary>
/// Concurrent writers of one path in the local lake (two deliveries of one command committing one manifest): exactly
/// one wins, the others are told the object exists, and the object holds the winner's bytes. The writers finish their
/// temporary files together (a gate), so they reach the naming step at the same moment, round after round.
/// </summary>
public sealed class When_writers_race_for_one_local_lake_object : IDisposable
{
    private const int Rounds = 1_000;
    private const int Writers = 4;
    private readonly TempDirectory _root = new("lake-race");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Should_let_exactly_one_writer_create_it_and_keep_its_bytes()
    {
        var store = new LocalLakeStore(_root.Path);
        for (var round = 0; round < Rounds; round++)
        {
            var path = $"land/s/t/{round}/_manifest.json";
            var gate = new Gate(Writers);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                var content = new GatedStream(Encoding.UTF8.GetBytes($"writer {writer}"), gate);
                try
                {
                    await store.PutAsync(path, content, CancellationToken.None);
                    return (Writer: writer, Won: true);
                }
                catch (LakeObjectExistsException)
                {
                    return (Writer: writer, Won: false);
                }
            })));

            var winners = outcomes.Where(o => o.Won).ToList();
            winners.Should().ContainSingle($"one writer of round {round} creates the object");
            using var reader = new StreamReader(await store.OpenReadAsync(path, CancellationToken.None));
            (await reader.ReadToEndAsync()).Should().Be($"writer {winners[0].Writer}",
                $"round {round}'s object holds the bytes of the writer told it won");
        }
        Directory.EnumerateFiles(_root.Path, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }

    /// <summary>Opens once every writer has arrived (awaited, so no thread blocks while the others come).</summary>
    private sealed class Gate(int writers)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == writers) _open.SetResult();
            return _open.Task;
        }
    }

    /// <summary>A read-only stream over <c>bytes</c> whose end, read asynchronously (as <c>CopyToAsync</c> does),
    /// waits at <c>gate</c> for every writer to reach its end.</summary>
    private sealed class GatedStream(byte[] bytes, Gate gate) : MemoryStream(bytes, writable: false)
    {
        private bool _arrived;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer,
            CancellationToken cancellationToken = default)
        {
            var read = Read(buffer.Span);
            if (read == 0 && !_arrived)
            {
                _arrived = true;
                await gate.ArriveAsync();
            }
            return read;
        }
    }
}
