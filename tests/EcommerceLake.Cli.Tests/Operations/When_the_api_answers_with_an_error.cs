using System.Net;
using EcommerceLake.Cli.Operations;
using FluentAssertions;
using Xunit;

namespace EcommerceLake.Cli.Tests.Operations;

public sealed class When_the_api_answers_with_an_error
{
    [Fact]
    public void Should_tell_an_unauthenticated_caller_which_flags_carry_credentials()
    {
        var error = OperationsApiException.From(HttpStatusCode.Unauthorized, "Unauthorized", "");

        error.Message.Should().Contain("--token").And.Contain("LAKE_TOKEN").And.Contain("--api-key");
        error.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void Should_tell_a_viewer_that_operators_change_things()
    {
        OperationsApiException.From(HttpStatusCode.Forbidden, "Forbidden", "").Message
            .Should().Contain("viewers read; operators change");
    }

    [Fact]
    public void Should_show_the_problem_details_detail()
    {
        var body = """{"title":"Conflict","status":409,"detail":"Run 42 already ended Completed."}""";

        OperationsApiException.From(HttpStatusCode.Conflict, "Conflict", body).Message
            .Should().Be("The operations API answered 409 Conflict: Run 42 already ended Completed.");
    }

    [Fact]
    public void Should_join_every_validation_error()
    {
        var body = """{"title":"Bad","errors":{"reason":["A reason is required."],"offset":["Not JSON."]}}""";

        OperationsApiException.From(HttpStatusCode.BadRequest, "Bad Request", body).Message
            .Should().EndWith(": A reason is required. Not JSON.");
    }

    [Fact]
    public void Should_cut_a_long_body_that_is_not_json_to_300_characters()
    {
        var html = "<html>" + new string('x', 1000);

        var message = OperationsApiException.From(HttpStatusCode.BadGateway, "Bad Gateway", html).Message;

        message.Should().StartWith("The operations API answered 502 Bad Gateway: <html>");
        message.Length.Should().Be("The operations API answered 502 Bad Gateway: ".Length + 300);
    }
}
