using EcommerceLake.Ingestion.Connectors.Marketplace;
using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Marketplace;

public sealed class When_deciding_how_to_read
{
    [Theory]
    [InlineData(null, 0, 10, false, SyncMode.FullSnapshot, null)]      // no offset
    [InlineData(5L, 0, 10, true, SyncMode.FullSnapshot, null)]         // forced
    [InlineData(4L, 5, 10, false, SyncMode.FullSnapshot, null)]        // older than min valid
    [InlineData(11L, 0, 10, false, SyncMode.FullSnapshot, null)]       // ahead of the source (restored)
    [InlineData(5L, 5, 10, false, SyncMode.Incremental, 5L)]           // exactly min valid is still valid
    [InlineData(10L, 0, 10, false, SyncMode.Incremental, 10L)]         // caught up: incremental, nothing to read
    [InlineData(0L, 0, 0, false, SyncMode.Incremental, 0L)]
    public void Should_choose_full_or_incremental(
        long? offset, long minValid, long current, bool forceFull, SyncMode mode, long? since)
    {
        var plan = SyncPlanner.Decide(offset, minValid, current, forceFull);

        plan.Mode.Should().Be(mode);
        plan.SinceVersion.Should().Be(since);
        plan.CurrentVersion.Should().Be(current);
        plan.IsFullSnapshot.Should().Be(mode == SyncMode.FullSnapshot);
        plan.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Should_say_why_an_offset_is_too_old()
    {
        SyncPlanner.Decide(4, 5, 10, false).Reason.Should().Contain("older than the minimum valid version 5");
    }

    [Theory]
    [InlineData('I', true, 'I')]
    [InlineData('U', true, 'U')]
    [InlineData('D', false, 'D')]
    [InlineData('I', false, 'D')]
    [InlineData('U', false, 'D')]
    [InlineData('D', true, 'U')]
    public void Should_land_what_the_snapshot_shows(char reported, bool rowExists, char landed)
    {
        ChangeOperations.Resolve(reported, rowExists).Should().Be(landed);
    }

    [Fact]
    public void Should_round_trip_the_offset()
    {
        ChangeTrackingOffset.Format(42).Should().Be("""{"changeVersion":42}""");
        ChangeTrackingOffset.Parse("""{ "changeVersion": 42 }""").Should().Be(42);
        ChangeTrackingOffset.Parse(null).Should().BeNull();
        ChangeTrackingOffset.Parse(" ").Should().BeNull();
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{\"changeVersion\": -1}")]
    [InlineData("{\"changeVersion\": \"42\"}")]
    [InlineData("{\"cursor\": 42}")]
    [InlineData("{not json")]
    public void Should_reject_a_malformed_offset(string offset)
    {
        var act = () => ChangeTrackingOffset.Parse(offset);

        act.Should().Throw<FormatException>().WithMessage("*changeVersion*");
    }
}
