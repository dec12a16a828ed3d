using EcommerceLake.Ingestion.Connectors;
using EcommerceLake.Ingestion.Connectors.Files;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Files;

public sealed class When_the_files_source_is_misconfigured
{
    [Fact]
    public async Task Should_fail_to_start_naming_the_missing_drop_directory()
    {
        var start = () => ConnectorHost.StartAsync(new Dictionary<string, string?>(), b => b.AddFilesConnector());

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Sources:Files:DropDirectory");
    }

    [Fact]
    public async Task Should_fail_the_extraction_when_the_drop_directory_does_not_exist()
    {
        using var lake = new TempDirectory();
        var missing = Path.Combine(lake.Path, "no-such-drop");
        await using var host = await ConnectorHost.StartAsync(
            new Dictionary<string, string?> { ["Sources:Files:DropDirectory"] = missing }, b => b.AddFilesConnector());

        var extract = () =>
            LandBatchHarness.ExtractAsync(host.Connector("files"), FilesTestDrop.Spec("sellers"), null, lake.Path);

        (await extract.Should().ThrowAsync<SourceUnavailableException>()).Which.Message.Should().Contain(missing);
    }
}
