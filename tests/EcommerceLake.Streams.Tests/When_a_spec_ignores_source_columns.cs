using FluentAssertions;
using Xunit;

namespace EcommerceLake.Streams.Tests;

public sealed class When_a_spec_ignores_source_columns
{
    private const string Spec = """
        {
          "source": "files", "stream": "partners", "table": "files_partners", "origin": "*partners*.csv",
          "primaryKey": [ "partner_id" ],
          "columns": [ { "name": "partner_id", "type": "string", "nullable": false } ],
          "ignoredColumns": [ IGNORED ]
        }
        """;

    [Fact]
    public void Should_read_them_from_the_spec_and_default_to_none()
    {
        StreamCatalog.Parse(Spec.Replace("IGNORED", "\"fax\", \"notes\""), "test").IgnoredColumns.Should()
            .Equal("fax", "notes");
        StreamCatalog.Default.All.Should().OnlyContain(s => s.IgnoredColumns.Count == 0,
            "the shipped specs read every column their sources offer");
    }

    [Fact]
    public void Should_refuse_to_ignore_a_column_the_spec_reads()
    {
        var spec = StreamCatalog.Parse(Spec.Replace("IGNORED", "\"Partner_ID\""), "test");

        var create = () => new StreamCatalog([spec]);

        create.Should().Throw<InvalidOperationException>().WithMessage(
            "Stream spec files.partners: ignored column 'Partner_ID' is empty or one of the spec's columns.");
    }
}
