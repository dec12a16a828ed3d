using EcommerceLake.Hosting;
using EcommerceLake.Ingestion;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("ingestion");
builder.AddIngestion();
builder.AddLakeBus(bus => bus.AddIngestionConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.Run();
