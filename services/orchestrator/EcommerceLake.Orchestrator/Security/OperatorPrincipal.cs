using System.Security.Claims;

namespace EcommerceLake.Orchestrator.Security;

/// <summary>Who an authenticated request is, as the audit trail records it.</summary>
public static class OperatorPrincipal
{
    /// <summary>
    /// The name of <paramref name="user"/>: its name claim (<see cref="OperationsAuthOptions.NameClaim"/>), else its
    /// <c>sub</c>. Never a name the caller typed into a request body.
    /// </summary>
    /// <exception cref="InvalidOperationException">The user is not authenticated or has no name nor subject.
    /// </exception>
    public static string NameOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
            throw new InvalidOperationException("The request is not authenticated.");
        return identity.Name is { Length: > 0 } name ? name
            : user.FindFirst("sub")?.Value ?? throw new InvalidOperationException(
                "The token names nobody: it has neither the configured name claim nor 'sub'.");
    }

    /// <summary>Whether <paramref name="user"/> holds <paramref name="role"/> or a role above it.</summary>
    public static bool Can(ClaimsPrincipal user, string role) =>
        OperationsRoles.AtLeast(role).Any(user.IsInRole);
}
