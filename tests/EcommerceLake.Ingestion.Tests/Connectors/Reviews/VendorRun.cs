using EcommerceLake.DemoSources.ReviewApi;
using EcommerceLake.Testing;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

/// <summary>
/// The demo API over a database, the misbehaving vendor in front of it, and the connector against the vendor.
/// </summary>
public sealed class VendorRun : IAsyncDisposable
{
    private VendorRun(
        ReviewApiServer server, MisbehavingReviewVendor vendor, ReviewsTestRun run, WaitSkippingTimeProvider clock)
    {
        Server = server;
        Vendor = vendor;
        Run = run;
        Clock = clock;
    }

    public ReviewApiServer Server { get; }
    public MisbehavingReviewVendor Vendor { get; }
    public ReviewsTestRun Run { get; }

    /// <summary>The connector's clock: a FakeTimeProvider whose waits are recorded and pass at once.</summary>
    public WaitSkippingTimeProvider Clock { get; }

    /// <summary>
    /// Starts it all; retries are on (1 s back-off, 30 s cap) unless <paramref name="settings"/> says otherwise.
    /// </summary>
    public static async Task<VendorRun> StartAsync(
        string connectionString, int pageSize = 50, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var clock = new WaitSkippingTimeProvider();
        var server = await ReviewApiFixture.StartServerAsync(connectionString);
        var vendor = await MisbehavingReviewVendor.StartAsync(server.BaseAddress);
        var overrides = new Dictionary<string, string?>
        {
            ["Sources:Reviews:MaxRetries"] = "3",
            ["Sources:Reviews:RetryDelay"] = "00:00:01",
            ["Sources:Reviews:MaxRetryDelay"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        var host = await ReviewApiFixture.StartConnectorAsync(vendor.BaseAddress, pageSize, clock, overrides);
        return new VendorRun(server, vendor, new ReviewsTestRun(host), clock);
    }

    /// <summary>The (review_id, order_id) of each landed row, in landing order.</summary>
    public static List<(string?, string?)> Keys(Files.LandedBatch batch) =>
        batch.Rows.Select(r => (r["review_id"], r["order_id"])).ToList();

    /// <summary>The (review_id, order_id) of <paramref name="keys"/>.</summary>
    public static List<(string?, string?)> Keys(
        IEnumerable<(DateTime AnsweredAt, string ReviewId, string OrderId)> keys) =>
        keys.Select(k => ((string?)k.ReviewId, (string?)k.OrderId)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        await Vendor.DisposeAsync();
        await Server.DisposeAsync();
    }
}
