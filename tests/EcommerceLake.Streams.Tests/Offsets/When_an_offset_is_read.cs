using EcommerceLake.Streams.Offsets;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests.Offsets;

/// <summary>Every connector offset goes through the one codec (<c>OffsetJson</c>): blank text is no offset, what is
/// written reads back, and every malformed offset fails the same way.</summary>
public class When_an_offset_is_read
{
    public static TheoryData<string, Func<string?, object?>> Parsers => new()
    {
        { "change-tracking", t => ChangeTrackingOffset.Parse(t) },
        { "economics", t => EconomicsOffset.Parse(t) },
        { "reviews", t => ReviewsOffset.Parse(t) },
        { "files", t => FilesLedger.Parse(t) },
    };

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Should_fail_with_the_text_and_the_expected_shape(string offset, Func<string?, object?> parse)
    {
        var act = () => parse("[1]");

        act.Should().Throw<FormatException>($"a {offset} offset is an object")
            .WithMessage("Offset '[1]' is not a*{*}*");
    }

    [Fact]
    public void Should_read_back_what_each_offset_writes()
    {
        ChangeTrackingOffset.Parse(ChangeTrackingOffset.Format(7)).Should().Be(7);
        EconomicsOffset.Parse(EconomicsOffset.Format(new DateOnly(2024, 2, 29))).Should().Be(new DateOnly(2024, 2, 29));
        var review = new ReviewsOffset(new DateTime(2018, 5, 23, 16, 45, 47, DateTimeKind.Utc), "r1", "o1");
        review.ToJson().Should().Be("""{"answeredAt":"2018-05-23T16:45:47Z","reviewId":"r1","orderId":"o1"}""");
        ReviewsOffset.Parse(review.ToJson()).Should().Be(review);
        var stamp = new FileStamp("sellers.csv", 10, new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));
        var ledger = FilesLedger.Of([(stamp, 3L)], 5);
        FilesLedger.Parse(ledger.ToJson()).Should()
            .Match<FilesLedger>(l => l.LastSequence == 5 && l.SequenceOf(stamp) == 3);
    }

    [Fact]
    public void Should_read_blank_text_as_no_offset()
    {
        ChangeTrackingOffset.Parse(" ").Should().BeNull();
        EconomicsOffset.Parse("").Should().BeNull();
        ReviewsOffset.Parse(null).IsStart.Should().BeTrue();
        FilesLedger.Parse(" ").Files.Should().BeEmpty();
    }

    [Fact]
    public void Should_refuse_a_number_written_as_a_string()
    {
        var act = () => FilesLedger.Parse("""{"files":[],"lastSequence":"5"}""");

        act.Should().Throw<FormatException>().WithMessage("*files ledger*");
    }
}
