using EcommerceLake.Ingestion.Connectors.Reviews;
using EcommerceLake.Ingestion.Tests.Connectors.Files;
using EcommerceLake.Testing;
using FluentAssertions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Ingestion.Tests.Connectors.Reviews;

public sealed class When_the_reviews_options_are_invalid(ReviewApiFixture fixture) : IClassFixture<ReviewApiFixture>
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Sources:Reviews:BaseUrl"] = "http://127.0.0.1:9/",
        ["Sources:Reviews:ClientId"] = "id",
        ["Sources:Reviews:ClientSecret"] = "secret",
    };

    [Theory]
    [InlineData("Sources:Reviews:BaseUrl", null, "Sources:Reviews:BaseUrl")]
    [InlineData("Sources:Reviews:BaseUrl", "not a url", "Sources:Reviews:BaseUrl")]
    [InlineData("Sources:Reviews:ClientId", null, "Sources:Reviews:ClientId")]
    [InlineData("Sources:Reviews:ClientSecret", null, "Sources:Reviews:ClientSecret")]
    [InlineData("Sources:Reviews:PageSize", "5001", "Sources:Reviews:PageSize")]
    [InlineData("Sources:Reviews:PageSize", "0", "Sources:Reviews:PageSize")]
    public async Task Should_fail_to_start_naming_the_key(string key, string? value, string named)
    {
        var settings = new Dictionary<string, string?>(Valid) { [key] = value };

        var start = () => ConnectorHost.StartAsync(settings, b => b.AddReviewsConnector());

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(named);
    }

    [Fact]
    public async Task Should_read_the_secret_from_the_secret_file()
    {
        using var secrets = new TempDirectory();
        var file = Path.Combine(secrets.Path, "client-secret");
        await File.WriteAllTextAsync(file, ReviewApiFixture.ClientSecret + "\n");
        await using var server = await ReviewApiFixture.StartServerAsync(fixture.ConnectionString);
        await using var run = new ReviewsTestRun(await ReviewApiFixture.StartConnectorAsync(server,
            overrides: new Dictionary<string, string?>
            {
                ["Sources:Reviews:ClientSecret"] = null,
                ["Sources:Reviews:ClientSecretFile"] = file,
            }));

        var batch = await run.ExtractAsync();

        batch.Rows.Should().HaveCount(OlistReviews.Sample.Count);
    }
}
