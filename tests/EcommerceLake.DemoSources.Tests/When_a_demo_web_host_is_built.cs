using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EcommerceLake.DemoSources.Tests;

/// <summary><see cref="DemoWebHost.CreateBuilder"/>: the host of the review and SGS API servers.</summary>
public sealed class When_a_demo_web_host_is_built
{
    [Fact]
    public async Task Should_not_watch_its_working_directory_for_configuration_changes()
    {
        await using var app = DemoWebHost.CreateBuilder("demo-host-test", 0).Build();

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();

        files.Should().NotBeEmpty("appsettings.json and appsettings.{environment}.json are read")
            .And.OnlyContain(p => !p.Source.ReloadOnChange,
                "a reloadable file watches the working directory, where the lake usually is, recursively");
    }
}
