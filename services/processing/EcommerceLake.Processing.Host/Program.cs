using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Processing;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("processing");
builder.AddLakeStorage();
builder.AddProcessing();
builder.AddLakeBus(bus => bus.AddProcessingConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.Run();
