using EcommerceLake.Orchestrator.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceLake.Orchestrator.Api;

/// <summary>Services the operations API needs beside <see cref="OrchestratorRegistration.AddOrchestrator"/>.</summary>
public static class OperationsApiRegistration
{
    /// <summary>
    /// Registers authentication and authorization (<see cref="OperationsAuthRegistration.AddOperationsAuth"/>) and
    /// the OpenAPI document (Microsoft.AspNetCore.OpenApi, served at <c>/openapi/v1.json</c>).
    /// </summary>
    public static IHostApplicationBuilder AddOperationsApi(this IHostApplicationBuilder builder)
    {
        builder.AddOperationsAuth();
        builder.Services.AddOpenApi();
        return builder;
    }
}
