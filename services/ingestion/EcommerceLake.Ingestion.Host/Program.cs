using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Ingestion;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("ingestion");
builder.AddLakeStorage();
builder.AddIngestion();
builder.AddLakeBus(bus => bus.AddIngestionConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.Run();
