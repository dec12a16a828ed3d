namespace EcommerceLake.Orchestrator.Security;

/// <summary>
/// The operations roles (values of the token's role claim, <see cref="OperationsAuthOptions.RoleClaim"/>) and the
/// authorization policies named after them. Roles nest: an admin may do what an operator may, an operator what a
/// viewer may.
/// </summary>
public static class OperationsRoles
{
    /// <summary>Reads runs, streams, offsets, alerts and the audit trail.</summary>
    public const string Viewer = "viewer";

    /// <summary>Viewer, plus triggers and cancels runs and resets offsets.</summary>
    public const string Operator = "operator";

    /// <summary>Operator, plus everything reserved for administrators.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, lowest first.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    /// <summary>The roles that satisfy the policy named <paramref name="role"/> (it and the roles above it).</summary>
    /// <exception cref="ArgumentException"><paramref name="role"/> is not one of <see cref="All"/>.</exception>
    public static IReadOnlyList<string> AtLeast(string role)
    {
        var index = All.ToList().IndexOf(role);
        if (index < 0) throw new ArgumentException($"Unknown role '{role}'; roles are {string.Join(", ", All)}.");
        return All.Skip(index).ToList();
    }
}
