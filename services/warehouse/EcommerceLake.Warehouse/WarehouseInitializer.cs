using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Warehouse;

/// <summary>
/// Hosted service that brings the warehouse up to date when the service starts (migrations, then the per-stream
/// tables), before the bus starts consuming: a failure stops the start with the database's error.
/// </summary>
public sealed class WarehouseInitializer(IWarehouseEngine engine) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => engine.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
