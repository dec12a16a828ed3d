using FluentAssertions;
using Xunit;

namespace EcommerceLake.Postgres.Tests;

public sealed class When_an_identifier_reaches_sql
{
    [Theory]
    [InlineData("orders")]
    [InlineData("_staging")]
    [InlineData("order_items_2")]
    [InlineData("A")]
    public void Should_quote_an_allowed_identifier(string name) =>
        PgNames.Quote(name).Should().Be($"\"{name}\"");

    [Fact]
    public void Should_accept_63_characters_the_longest_name_postgres_keeps()
    {
        var name = new string('a', 63);

        PgNames.Validate(name).Should().Be(name);
    }

    [Theory]
    [InlineData("433", "a series code starts with a digit")]
    [InlineData("orders; DROP TABLE x", "statement injection")]
    [InlineData("or\"ders", "a quote would end the quoted name")]
    [InlineData("order-items", "a hyphen")]
    [InlineData("", "empty")]
    [InlineData("pedidos_ção", "non-ASCII letters")]
    public void Should_refuse_a_name_that_is_not_a_plain_identifier_naming_it(string name, string why)
    {
        var quote = () => PgNames.Quote(name);

        quote.Should().Throw<ArgumentException>(why).WithMessage($"'{name}' is not an allowed SQL identifier*");
    }

    [Fact]
    public void Should_refuse_64_characters_which_postgres_would_truncate()
    {
        var validate = () => PgNames.Validate(new string('a', 64));

        validate.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Should_validate_both_parts_of_a_qualified_name()
    {
        PgNames.Qualified("trusted", "orders").Should().Be("\"trusted\".\"orders\"");
        var qualify = () => PgNames.Qualified("trusted", "1orders");
        qualify.Should().Throw<ArgumentException>().WithMessage("'1orders'*");
    }
}
