using System.Globalization;
using EcommerceLake.Orchestrator.Schedules;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Schedules;

public class When_a_schedule_is_read
{
    private static readonly TimeZoneInfo SaoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Should_tick_an_interval_at_whole_multiples_since_the_epoch()
    {
        var schedule = RunSchedule.Parse("files", " 00:15:00 ", SaoPaulo);

        schedule.Kind.Should().Be(ScheduleKind.Interval);
        schedule.Expression.Should().Be("00:15:00");
        schedule.NextAfter(At("2026-12-06T04:07:31Z")).Should().Be(At("2026-12-06T04:15:00Z"));
        schedule.NextAfter(At("2026-12-06T04:15:00Z")).Should().Be(At("2026-12-06T04:30:00Z"), "strictly after");
        schedule.Describe().Should().Be("every 00:15:00");
    }

    [Fact]
    public void Should_read_a_cron_expression_in_the_schedule_time_zone()
    {
        var schedule = RunSchedule.Parse("marketplace", "0  2 * * *", SaoPaulo);

        schedule.Kind.Should().Be(ScheduleKind.Cron);
        schedule.NextAfter(At("2026-12-06T04:07:31Z")).Should().Be(At("2026-12-06T05:00:00Z"), "02:00 at UTC-3");
        schedule.NextAfter(At("2026-12-06T05:00:00Z")).Should().Be(At("2026-12-07T05:00:00Z"));
        schedule.Describe().Should().Be("0 2 * * * (America/Sao_Paulo)");
        RunSchedule.Parse("reviews", "30 0 6 * * 1-5", TimeZoneInfo.Utc).NextAfter(At("2026-12-05T12:00:00Z"))
            .Should().Be(At("2026-12-07T06:00:30Z"), "six fields put seconds first; the 5th is a Saturday");
        RunSchedule.Parse("economics", "@daily", TimeZoneInfo.Utc).NextAfter(At("2026-12-06T04:07:31Z"))
            .Should().Be(At("2026-12-07T00:00:00Z"));
    }

    [Fact]
    public void Should_run_a_local_time_skipped_by_daylight_saving_at_the_jump_and_a_repeated_one_once()
    {
        var schedule = RunSchedule.Parse("files", "30 2 * * *", Berlin);

        // 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens; Cronos runs it at the jump (01:00Z).
        schedule.NextAfter(At("2026-03-28T12:00:00Z")).Should().Be(At("2026-03-29T01:00:00Z"));
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice; it runs once, the first time.
        var autumn = schedule.NextAfter(At("2026-10-24T12:00:00Z"));
        autumn.Should().Be(At("2026-10-25T00:30:00Z"));
        schedule.NextAfter(autumn!.Value).Should().Be(At("2026-10-26T01:30:00Z"));
    }

    [Fact]
    public void Should_count_the_ticks_missed_since_a_stored_tick_and_pick_the_latest()
    {
        var interval = RunSchedule.Parse("files", "00:15:00", TimeZoneInfo.Utc);
        var cron = RunSchedule.Parse("files", "*/15 * * * *", TimeZoneInfo.Utc);

        foreach (var schedule in new[] { interval, cron })
        {
            schedule.LatestDue(At("2026-12-06T04:15:00Z"), At("2026-12-06T05:10:00Z"))
                .Should().Be((At("2026-12-06T05:00:00Z"), 4L), schedule.Kind.ToString());
            schedule.LatestDue(At("2026-12-06T04:15:00Z"), At("2026-12-06T04:15:00Z"))
                .Should().Be((At("2026-12-06T04:15:00Z"), 1L), "a tick is due at its own time");
            schedule.LatestDue(At("2026-12-06T04:15:00Z"), At("2026-12-06T04:14:59Z")).Should().BeNull();
        }
    }

    [Theory]
    [InlineData("00:00:00", "*at least one second*")]
    [InlineData("25:61", "*not an interval*")]
    [InlineData("0 25 * * *", "*neither an interval*nor a cron expression*")]
    [InlineData("daily", "*neither an interval*nor a cron expression*")]
    public void Should_refuse_an_expression_it_cannot_read_and_say_why(string expression, string message)
    {
        var parse = () => RunSchedule.Parse("files", expression, TimeZoneInfo.Utc);

        parse.Should().Throw<FormatException>().WithMessage(message);
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);
}
