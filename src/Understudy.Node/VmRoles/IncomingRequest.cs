namespace Understudy.Node.VmRoles;

/// <summary>The prepare step of a live migration, sent by the source host to the role's new owner:
/// start an incoming VM for the role's VM, bound to the new ownership.</summary>
/// <param name="Role">The role being moved.</param>
/// <param name="Token">The new owner's fencing token.</param>
/// <param name="Source">The node the VM comes from (the one the role awaits a release from).</param>
internal sealed record IncomingRequest(string Role, long Token, string Source) : Api.IRequestBody
{
    /// <inheritdoc/>
    public Api.ApiError? Problem() =>
        string.IsNullOrEmpty(Role) ? new("'role' is required", "role")
        : Token <= 0 ? new("'token' must be a fencing token (a positive number)", "token")
        : string.IsNullOrEmpty(Source) ? new("'source' is required", "source")
        : null;
}
