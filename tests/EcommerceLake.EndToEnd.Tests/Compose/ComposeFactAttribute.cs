using Xunit;

namespace EcommerceLake.EndToEnd.Tests.Compose;

/// <summary>
/// A fact that runs the docker-compose stack: it runs only when <c>LAKE_COMPOSE_TEST=1</c> (scripts/test.sh sets it
/// once the images are built; on a laptop, build them with <c>docker-compose build</c> first), and is skipped with
/// the reason otherwise.
/// </summary>
public sealed class ComposeFactAttribute : FactAttribute
{
    /// <summary>The variable that enables the compose tests.</summary>
    public const string Variable = "LAKE_COMPOSE_TEST";

    /// <summary>Skips the fact unless <see cref="Variable"/> is <c>1</c>.</summary>
    public ComposeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"{Variable} is not 1: the docker-compose stack is run by scripts/test.sh " +
                "(which builds its images).";
    }
}
