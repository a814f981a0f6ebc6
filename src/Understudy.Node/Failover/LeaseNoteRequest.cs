using Understudy.Core.Failover;
using Understudy.Node.Api;

namespace Understudy.Node.Failover;

/// <summary>The body of <c>POST /api/internal/lease-note</c>: the node asking and what it claims.</summary>
/// <param name="Node">The node whose renewal is to be noted.</param>
/// <param name="Claims">Its claims (<see cref="LeaseWitness.ClaimsOf"/>).</param>
internal sealed record LeaseNoteRequest(string Node, IReadOnlyList<LeaseClaim> Claims) : IRequestBody
{
    /// <inheritdoc/>
    public ApiError? Problem()
    {
        if (string.IsNullOrEmpty(Node))
        {
            return new ApiError("'node' is required", "node");
        }

        if (Claims is null)
        {
            return new ApiError("'claims' is required (an empty list when the node claims no role)", "claims");
        }

        for (var i = 0; i < Claims.Count; i++)
        {
            if (Claims[i] is not { } claim || string.IsNullOrEmpty(claim.Role))
            {
                return new ApiError("each claim needs a 'role'", $"claims[{i}].role");
            }
        }

        return null;
    }
}
