using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>
/// Refuses a state-changing request unless it carries <c>Authorization: Bearer TOKEN</c> with the
/// cluster's API token (docs/api.md). Reads stay open so that monitoring needs no secret.
/// </summary>
internal sealed class ApiTokenFilter(string token) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..].Trim() : null;
        if (!Core.Security.ApiToken.Matches(token, presented))
        {
            return ValueTask.FromResult<object?>(Results.Json(
                new ApiError(presented is null ? "this call changes the cluster and needs 'Authorization: Bearer <token>'" : "wrong API token"),
                statusCode: StatusCodes.Status401Unauthorized));
        }

        return next(context);
    }
}
