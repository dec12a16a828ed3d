using EcommerceLake.Orchestrator.Admission;
using EcommerceLake.Streams;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Orchestrator.Tests.Admission;

/// <summary>How <see cref="RunSelection"/> reads the names a run request gives: sources, <c>source.stream</c>
/// keys, or both.</summary>
public sealed class When_a_selection_is_resolved
{
    private static readonly StreamCatalog Catalog = StreamCatalog.Default;

    [Fact]
    public void Should_take_every_source_and_no_selection_when_nothing_is_named()
    {
        var selection = RunSelection.Resolve(Catalog, [], out var error)!;

        error.Should().BeNull();
        selection.Sources.Should().Equal(Catalog.Sources);
        selection.Streams.Should().BeNull();
    }

    [Fact]
    public void Should_keep_sources_alone_as_every_stream_of_each()
    {
        var selection = RunSelection.Resolve(Catalog, ["reviews", "files", "reviews"], out _)!;

        selection.Sources.Should().Equal("reviews", "files");
        selection.Streams.Should().BeNull();
    }

    [Fact]
    public void Should_narrow_to_the_named_streams_and_every_stream_of_a_source_named_beside_them()
    {
        var selection = RunSelection.Resolve(Catalog, ["marketplace.orders", "files"], out _)!;

        selection.Sources.Should().Equal("marketplace", "files");
        selection.Streams.Should().Equal("files.category_translation", "files.products", "files.sellers",
            "marketplace.orders");
        RunSelection.Problem(Catalog, selection.Sources, selection.Streams).Should().BeNull();
    }

    [Fact]
    public void Should_name_every_unknown_name_and_the_known_sources()
    {
        RunSelection.Resolve(Catalog, ["marketplace.order", "crm", "files"], out var error).Should().BeNull();

        error.Should().StartWith("Unknown source(s) or stream(s) 'marketplace.order', 'crm'. Known sources: ")
            .And.Contain("marketplace");
    }

    [Fact]
    public void Should_refuse_an_empty_list_of_streams_on_the_bus()
    {
        RunSelection.Problem(Catalog, ["files"], []).Should().Contain("empty list of streams");
        RunSelection.Problem(Catalog, ["files"], null).Should().BeNull();
    }
}
