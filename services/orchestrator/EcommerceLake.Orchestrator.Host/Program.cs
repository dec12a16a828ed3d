using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("orchestrator");
// Before AddLakeBus: the schema scripts are applied before the bus starts consuming.
builder.AddOrchestrator();
builder.AddLakeBus(bus => bus.AddOrchestratorConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.MapOrchestratorApi();
app.Run();
