using System.Text.Json;
using EcommerceLake.Contracts;
using EcommerceLake.Orchestrator.Outbox;
using EcommerceLake.Orchestrator.Triggers;
using FluentAssertions;
using MassTransit.Serialization;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests;

/// <summary>
/// The contracts are records with <c>required init</c> properties; the JSON on the bus must stay what the positional
/// records wrote: camelCase property names, optional (nullable) properties that may be absent, and
/// and the closed sets (<see cref="RunOutcome"/>, <see cref="AlertKind"/>, <see cref="AlertSeverity"/>) as the strings
/// they were (<c>completed</c>, <c>step-duration</c>, <c>warning</c>).
/// </summary>
public class When_contracts_cross_the_wire
{
    public static TheoryData<string> Serializers => ["masstransit", "outbox"];

    private static JsonSerializerOptions Options(string serializer) =>
        serializer == "outbox" ? PostgresRunOutbox.Json : SystemTextJsonMessageSerializer.Options;

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_write_DeleteCluster_outcome_as_the_old_string(string serializer)
    {
        var json = JsonSerializer.Serialize(
            new DeleteCluster { RunId = Guid.Empty, Outcome = RunOutcome.Completed }, Options(serializer));

        json.Should().Contain("\"outcome\"").And.Contain("\"completed\"").And.Contain("\"runId\"");
        JsonSerializer.Deserialize<DeleteCluster>("{\"runId\":\"" + Guid.Empty + "\",\"outcome\":\"failed\"}",
            Options(serializer))!.Outcome.Should().Be(RunOutcome.Failed);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_round_trip_a_message_with_null_optional_properties(string serializer)
    {
        var extracted = new StreamExtracted
        {
            RunId = Guid.NewGuid(),
            Source = "marketplace",
            Stream = "orders",
            OffsetTo = "{\"v\":2}",
            RowCount = 10,
            QuarantinedCount = 1,
            LandBatchUri = "land/marketplace/orders/run",
            IsFullSnapshot = true,
            DurationSeconds = 0.5,
        };

        var json = JsonSerializer.Serialize(extracted, Options(serializer));

        json.Should().Contain("\"landBatchUri\"").And.Contain("\"isFullSnapshot\"");
        JsonSerializer.Deserialize<StreamExtracted>(json, Options(serializer)).Should().Be(extracted);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_write_alert_kind_and_severity_as_their_old_strings(string serializer)
    {
        var alert = new AlertRaised
        {
            Kind = AlertKind.StepDuration,
            Severity = AlertSeverity.Warning,
            Message = "slow",
            RaisedAt = DateTimeOffset.UnixEpoch,
        };

        var json = JsonSerializer.Serialize(alert, Options(serializer));

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("kind").GetString().Should().Be("step-duration");
        document.RootElement.GetProperty("severity").GetString().Should().Be("warning");
        JsonSerializer.Deserialize<AlertRaised>(json.Replace("step-duration", "cluster-uptime"), Options(serializer))!
            .Kind.Should().Be(AlertKind.ClusterUptime);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_write_a_cleared_stale_source_alert_with_its_wire_kind(string serializer)
    {
        var cleared = new AlertCleared
        {
            Kind = AlertKind.StaleSource,
            Source = "files",
            Stream = "sellers",
            Message = "fresh again",
            RaisedAt = DateTimeOffset.UnixEpoch,
            ClearedAt = DateTimeOffset.UnixEpoch.AddHours(1),
        };

        var json = JsonSerializer.Serialize(cleared, Options(serializer));

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("kind").GetString().Should().Be("stale-source");
        document.RootElement.TryGetProperty("clearedAt", out _).Should().BeTrue();
        JsonSerializer.Deserialize<AlertCleared>(json, Options(serializer)).Should().Be(cleared);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_write_the_trigger_and_the_source_change_kind_as_their_old_strings(string serializer)
    {
        var accepted = JsonSerializer.Serialize(new RunAccepted
        {
            RunId = Guid.Empty,
            Sources = ["files"],
            Trigger = RunTrigger.FileArrived,
            RequestedBy = "detector:file-arrived",
            ForceFull = false,
            AcceptedAt = DateTimeOffset.UnixEpoch,
        }, Options(serializer));
        var change = JsonSerializer.Serialize(new SourceChangeDetected
        {
            Source = "marketplace",
            Kind = SourceChangeKind.ChangeVersion,
            Detail = "v 42",
            DetectedAt = DateTimeOffset.UnixEpoch,
        }, Options(serializer));

        using (var document = JsonDocument.Parse(accepted))
            document.RootElement.GetProperty("trigger").GetString().Should().Be("event:file-arrived");
        using (var document = JsonDocument.Parse(change))
            document.RootElement.GetProperty("kind").GetString().Should().Be("change-version");
        JsonSerializer.Deserialize<RunAccepted>(accepted.Replace("event:file-arrived", "follow-up"),
            Options(serializer))!.Trigger.Should().Be(RunTrigger.FollowUp);
    }

    [Theory]
    [InlineData("follow-up:event:change-version", RunTrigger.FollowUp)]
    [InlineData("follow-up", RunTrigger.FollowUp)]
    [InlineData("dashboard", RunTrigger.Dashboard)]
    [InlineData("schedule", RunTrigger.Schedule)]
    public void Should_read_stored_triggers_including_the_former_follow_up_names(string stored, RunTrigger expected)
    {
        RunTriggers.FromStored(stored).Should().Be(expected);
    }

    [Fact]
    public void Should_refuse_an_alert_kind_outside_the_set()
    {
        var act = () => JsonSerializer.Deserialize<AlertRaised>(
            "{\"kind\":\"disk-full\",\"severity\":\"error\",\"message\":\"m\",\"raisedAt\":\"2024-01-01T00:00:00Z\"}",
            SystemTextJsonMessageSerializer.Options);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Should_read_a_failure_without_a_kind_as_internal()
    {
        var failed = JsonSerializer.Deserialize<StreamLoadFailed>(
            "{\"runId\":\"" + Guid.Empty + "\",\"source\":\"s\",\"stream\":\"t\",\"error\":\"boom\"}",
            SystemTextJsonMessageSerializer.Options);

        failed!.Kind.Should().Be(FailureKind.Internal);
    }

    [Theory]
    [MemberData(nameof(Serializers))]
    public void Should_write_a_marts_chain_by_name_and_read_its_absence_as_every_chain(string serializer)
    {
        var json = JsonSerializer.Serialize(
            new BuildMarts { RunId = Guid.Empty, Chain = MartsChainName.Reviews }, Options(serializer));

        JsonDocument.Parse(json).RootElement.GetProperty("chain").GetString().Should().Be("reviews");
        JsonSerializer.Deserialize<BuildMarts>(json, Options(serializer))!.Chain.Should().Be(MartsChainName.Reviews);
        JsonSerializer.Deserialize<MartsBuilt>(
                "{\"runId\":\"" + Guid.Empty + "\",\"rowCounts\":{\"daily_sales\":3},\"durationSeconds\":1.5}",
                Options(serializer))!.Chain
            .Should().BeNull("a warehouse from before chains were built apart answers for every chain");
    }

    [Fact]
    public void Should_refuse_a_message_missing_a_required_property()
    {
        var act = () => JsonSerializer.Deserialize<BuildMarts>("{}", SystemTextJsonMessageSerializer.Options);

        act.Should().Throw<JsonException>();
    }
}
