using EcommerceLake.Contracts;
using EcommerceLake.Streams;
using EcommerceLake.Testing;
using EcommerceLake.Warehouse.Checks;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Warehouse.Tests.Checks;

/// <summary>
/// The data-quality checks of <c>marketplace.order_payments</c> (its spec: <c>known_type</c> and
/// <c>at_least_one_installment</c> warn, <c>value_not_negative</c> is an error) on PostgreSQL: run on the rows each
/// load wrote, a failing warn check reported with sample keys and the load committed, a failing error check rolling the
/// whole load back.
/// </summary>
public sealed class When_a_load_checks_its_rows(PostgresDatabase database)
    : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private WarehouseTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await WarehouseTestBed.CreateAsync(database);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private static string?[] Payment(string order, string type, int installments, string value, long version = 1) =>
        ["I", version.ToString(), order, "1", type, installments.ToString(), value];

    [Fact]
    public async Task Should_report_a_failing_warn_check_with_its_sample_keys_and_commit_the_load()
    {
        var result = await _bed.LoadAsync("marketplace", "order_payments",
        [
            Payment("o1", "credit_card", 0, "10.00"),
            Payment("o2", "boleto", 1, "5.00"),
            Payment("o3", "pix", 1, "3.00"),
            Payment("o0", "credit_card", 0, "1.00"),
        ]);

        result.Checks.Select(c => c.Name).Should()
            .Equal("known_type", "at_least_one_installment", "value_not_negative");
        var installments = result.Checks.Single(c => c.Name == "at_least_one_installment");
        installments.Should().BeEquivalentTo(new
        {
            Assertion = "payment_installments ≥ 1",
            Severity = CheckSeverity.Warn,
            CheckedRows = 4L,
            FailingRows = 2L,
            SampleKeys = new[] { "o0|1", "o1|1" },
        });
        result.Checks.Single(c => c.Name == "known_type").SampleKeys.Should().Equal("o3|1");
        result.Checks.Single(c => c.Name == "value_not_negative").Passed.Should().BeTrue();
        (await _bed.ScalarAsync("SELECT count(*) FROM trusted.marketplace_order_payments")).Should().Be(4L);
    }

    [Fact]
    public async Task Should_check_only_the_rows_a_merge_wrote()
    {
        await _bed.LoadAsync("marketplace", "order_payments", [Payment("o1", "credit_card", 0, "10.00")]);

        var result = await _bed.LoadAsync("marketplace", "order_payments",
            [Payment("o1", "credit_card", 0, "10.00"), Payment("o4", "voucher", 2, "1.00")]);

        result.Checks.Should().OnlyContain(c => c.CheckedRows == 1 && c.Passed,
            "o1 is unchanged, so this merge wrote only o4, which passes");
    }

    [Fact]
    public async Task Should_roll_the_load_back_when_an_error_check_fails()
    {
        await _bed.LoadAsync("marketplace", "order_payments", [Payment("o1", "credit_card", 1, "10.00")]);
        var runId = Guid.NewGuid();
        var batch = await _bed.WriteRawAsync("marketplace", "order_payments", runId,
            [Payment("o1", "credit_card", 1, "12.00", version: 2), Payment("o5", "boleto", 1, "-2.50")]);

        var act = () => _bed.Engine.LoadAsync(
            new LoadRequest(runId, "marketplace", "order_payments", batch, IsFullSnapshot: false),
            CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<DataCheckFailedException>()).Which;
        thrown.Message.Should().Contain("'value_not_negative' (payment_value ≥ 0): 1 of 2 rows, e.g. o5|1")
            .And.Contain("rolled back");
        thrown.Failed.Should().ContainSingle(o => o.Name == "value_not_negative");
        thrown.Outcomes.Select(o => o.Name).Should().Equal(
            StreamCatalog.Default.Get("marketplace", "order_payments").Checks.Select(c => c.Name),
            "the failure event reports every check of the stream");
        (await _bed.QueryAsync("SELECT order_id, payment_value FROM trusted.marketplace_order_payments"))
            .Should().BeEquivalentTo(new[] { new object?[] { "o1", 10.00m } }, "the update of o1 rolled back too");
        (await _bed.ScalarAsync($"SELECT count(*) FROM raw.marketplace_order_payments WHERE _run_id = '{runId}'"))
            .Should().Be(0L);
        (await _bed.ScalarAsync($"SELECT count(*) FROM land.batches WHERE run_id = '{runId}'")).Should().Be(0L);
    }

    [Fact]
    public async Task Should_leave_trusted_empty_when_an_initial_load_fails_an_error_check()
    {
        var act = () => _bed.LoadAsync("marketplace", "order_payments",
            [Payment("o1", "credit_card", 1, "10.00"), Payment("o2", "boleto", 1, "-1")]);

        await act.Should().ThrowAsync<DataCheckFailedException>().WithMessage("*e.g. o2|1*");
        (await _bed.ScalarAsync("SELECT count(*) FROM trusted.marketplace_order_payments")).Should().Be(0L);
    }

    [Fact]
    public async Task Should_report_no_check_for_a_stream_that_declares_none()
    {
        var result = await _bed.LoadAsync("marketplace", "sellers", [["I", "1", "s1", "12345", "sao paulo", "SP"]]);

        result.Checks.Should().BeEmpty();
    }
}
