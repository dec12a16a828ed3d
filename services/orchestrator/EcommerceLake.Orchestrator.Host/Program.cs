using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator;
using EcommerceLake.Orchestrator.Api;
using EcommerceLake.Orchestrator.Dashboard;
using EcommerceLake.Orchestrator.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("orchestrator");
// Before AddLakeBus: the schema scripts are applied before the bus starts consuming.
builder.AddOrchestrator();
builder.AddOperationsApi();
builder.AddDashboard();
builder.AddLakeBus(bus => bus.AddOrchestratorConsumers());

var app = builder.Build();
app.UseOperationsAuth();
app.MapLakeHealth();
app.MapOrchestratorApi();
app.MapDashboard();
app.Run();
