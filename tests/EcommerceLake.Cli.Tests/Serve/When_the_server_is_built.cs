using EcommerceLake.Cli.Serve;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace EcommerceLake.Cli.Tests.Serve;

/// <summary><see cref="LakeServer.Build"/>: how the served lake's host is configured, before it starts.</summary>
public sealed class When_the_server_is_built
{
    [Fact]
    public async Task Should_not_watch_its_working_directory_for_configuration_changes()
    {
        await using var app = LakeServer.Build(new ServeOptions("http://127.0.0.1:0", false, false, null, null), null);

        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();

        files.Should().NotBeEmpty("appsettings.json and appsettings.{environment}.json are read")
            .And.OnlyContain(p => !p.Source.ReloadOnChange,
                "a reloadable file watches the working directory, where the lake usually is, recursively");
    }
}
