using EcommerceLake.Cli.Serve;
using FluentAssertions;
using MassTransit;
using Microsoft.Extensions.Options;
using Xunit;

namespace EcommerceLake.Cli.Tests.Serve;

/// <summary><see cref="StartFailure.Describe"/>: which failures <c>lake serve</c> reports as a start failure, and
/// how.</summary>
public sealed class When_a_start_failure_is_described
{
    [Fact]
    public void Should_list_each_failure_of_each_options_class_once()
    {
        var failure = new AggregateException(
            new OptionsValidationException("Sources:Reviews", typeof(object),
                ["Sources:Reviews:BaseUrl: required.", "Sources:Reviews:ClientId: required."]),
            new AggregateException(new OptionsValidationException("Sources:Files", typeof(object),
                ["Sources:Files:DropDirectory: required.", "Sources:Reviews:BaseUrl: required."])));

        StartFailure.Describe(failure).Should().Equal("Sources:Reviews:BaseUrl: required.",
            "Sources:Reviews:ClientId: required.", "Sources:Files:DropDirectory: required.");
    }

    [Fact]
    public void Should_report_a_broker_that_stayed_unreachable()
    {
        var failure = new RabbitMqConnectionException("Broker unreachable: guest@127.0.0.1:1/");

        StartFailure.Describe(failure).Should().Equal("Broker unreachable: guest@127.0.0.1:1/");
    }

    [Fact]
    public void Should_leave_a_bug_to_surface_with_its_stack_trace()
    {
        var failure = new AggregateException(new OptionsValidationException("X", typeof(object), ["X:Y: bad."]),
            new NullReferenceException());

        StartFailure.Describe(failure).Should().BeEmpty();
    }
}
