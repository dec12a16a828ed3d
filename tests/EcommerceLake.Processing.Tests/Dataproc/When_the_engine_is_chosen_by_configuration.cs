using EcommerceLake.Contracts;
using EcommerceLake.Google;
using EcommerceLake.Processing.Dataproc;
using EcommerceLake.Processing.InProcess;
using EcommerceLake.Testing;
using FluentAssertions;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Processing.Tests.Dataproc;

public sealed class When_the_engine_is_chosen_by_configuration : IDisposable
{
    private readonly TempDirectory _directory = new("processing-engine-choice");

    public void Dispose() => _directory.Dispose();

    private IHost Build(Dictionary<string, string?> settings, bool harness = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        settings["Lake:Root"] = _directory.Path;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLakeStorage();
        builder.AddProcessing();
        if (harness)
            builder.Services.AddLakeTestHarness(x => x.AddProcessingConsumers());
        return builder.Build();
    }

    [Fact]
    public async Task Should_select_Dataproc_with_a_Cloud_Storage_lake()
    {
        using var host = Build(new()
        {
            ["Processing:Engine"] = "Dataproc", ["Lake:Store"] = "Gcs", ["Lake:Bucket"] = "lake-test-bucket",
            ["GoogleCloud:ProjectId"] = "lake-test", ["GoogleCloud:Authentication"] = "None",
        });

        await host.StartAsync();

        host.Services.GetRequiredService<IProcessingEngine>().Should().BeOfType<DataprocProcessingEngine>();
        host.Services.GetRequiredService<IClusterManager>().Should().BeOfType<DataprocClusterManager>();
        await host.StopAsync();
    }

    [Fact]
    public async Task Should_refuse_to_start_Dataproc_with_a_local_lake()
    {
        using var host = Build(new() { ["Processing:Engine"] = "Dataproc", ["GoogleCloud:ProjectId"] = "lake-test" });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Lake:Store must be Gcs");
    }

    [Fact]
    public async Task Should_refuse_a_cluster_name_prefix_Dataproc_would_reject()
    {
        using var host = Build(new()
        {
            ["Processing:Engine"] = "Dataproc", ["Lake:Store"] = "Gcs", ["Lake:Bucket"] = "lake-test-bucket",
            ["GoogleCloud:ProjectId"] = "lake-test", ["Processing:Dataproc:ClusterNamePrefix"] = "Lake_",
        });

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should()
            .Contain("Processing:Dataproc:ClusterNamePrefix");
    }

    [Fact]
    public async Task Should_do_nothing_on_cluster_commands_with_the_in_process_engine()
    {
        using var host = Build(new(), harness: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var runId = Guid.NewGuid();
        try
        {
            host.Services.GetRequiredService<IClusterManager>().Should().BeOfType<NoClusterManager>();

            await harness.Bus.Publish(new ProvisionCluster { RunId = runId });
            await harness.Bus.Publish(new DeleteCluster { RunId = runId, Outcome = RunOutcome.Completed });

            (await harness.Consumed.Any<ProvisionCluster>()).Should().BeTrue();
            (await harness.Consumed.Any<DeleteCluster>()).Should().BeTrue();
            harness.Consumed.Select<DeleteCluster>().First().Exception.Should().BeNull();
            harness.Published.Select<ClusterProvisioned>().Should().BeEmpty();
            harness.Published.Select<ClusterDeleted>().Should().BeEmpty();
        }
        finally
        {
            await harness.Stop();
        }
    }
}
