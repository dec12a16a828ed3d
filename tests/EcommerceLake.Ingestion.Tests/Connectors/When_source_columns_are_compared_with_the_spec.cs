using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors;

public sealed class When_source_columns_are_compared_with_the_spec
{
    private static readonly StreamSpec Spec = new(
        "files", "sellers", "files_sellers", "*sellers*.csv", ["seller_id"],
        [
            new ColumnSpec("seller_id", ColumnType.String, Nullable: false),
            new ColumnSpec("seller_city", ColumnType.String), new ColumnSpec("seller_state", ColumnType.String),
        ],
        new CleaningRules());

    [Fact]
    public void Should_report_nothing_before_any_column_was_seen()
    {
        new SourceColumns(Spec).Drift().Should().BeNull();
    }

    [Fact]
    public void Should_ignore_case_and_white_space_and_sort_what_the_spec_does_not_read()
    {
        var columns = new SourceColumns(Spec);
        columns.ObserveAll([" Seller_ID ", "seller_city", "seller_state", "zeta", "Alpha"]);

        var drift = columns.Drift()!;

        drift.Added.Should().Equal("Alpha", "zeta");
        drift.Missing.Should().BeEmpty();
        drift.Describe().Should().Be("offers Alpha, zeta that the spec does not read");
    }

    [Fact]
    public void Should_not_report_a_column_the_spec_ignores_on_purpose()
    {
        var columns = new SourceColumns(Spec with { IgnoredColumns = ["seller_phone"] });
        columns.ObserveAll(["seller_id", "seller_city", "seller_state", "Seller_Phone", "seller_fax"]);

        columns.Drift()!.Added.Should().Equal("seller_fax");
    }

    [Fact]
    public void Should_report_a_column_one_header_lacks_even_when_another_has_it()
    {
        var columns = new SourceColumns(Spec);
        columns.ObserveAll(["seller_id", "seller_city", "seller_state"]);
        columns.ObserveAll(["seller_id", "seller_city", "state"]);

        columns.Drift()!.Describe().Should()
            .Be("offers state that the spec does not read; lacks seller_state of the spec");
    }

    [Fact]
    public void Should_report_a_json_field_missing_only_when_no_record_had_it()
    {
        var columns = new SourceColumns(Spec);
        columns.ObserveRecord(["seller_id", "seller_city"]);
        columns.ObserveRecord(["seller_id", "seller_state"]);

        columns.Drift()!.IsEmpty.Should().BeTrue("a record may leave out a field another has");

        var others = new SourceColumns(Spec);
        others.ObserveRecord(["seller_id", "seller_city"]);
        others.Drift()!.Missing.Should().Equal("seller_state");
    }
}
