using EcommerceLake.Hosting;
using EcommerceLake.Orchestrator;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("orchestrator");
builder.AddOrchestrator();
builder.AddLakeBus(bus => bus.AddOrchestratorConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.Run();
