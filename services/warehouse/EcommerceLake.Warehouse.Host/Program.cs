using EcommerceLake.Google;
using EcommerceLake.Hosting;
using EcommerceLake.Warehouse;

var builder = WebApplication.CreateBuilder(args);
builder.AddLakeDefaults("warehouse");
builder.AddLakeStorage();
builder.AddWarehouse();
builder.AddLakeBus(bus => bus.AddWarehouseConsumers());

var app = builder.Build();
app.MapLakeHealth();
app.Run();
