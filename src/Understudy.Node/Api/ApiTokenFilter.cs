using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>
/// Refuses a state-changing request unless it carries <c>Authorization: Bearer TOKEN</c> with the
/// cluster's API token (docs/api.md). Reads stay open so that monitoring needs no secret.
/// A middleware, not an endpoint filter: filters run after the body is bound, and an
/// unauthenticated caller must not make a node read or parse anything (a malformed body without
/// a token is 401, not 400).
/// </summary>
internal sealed class ApiTokenFilter(string token)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ApiTokenRequired>() is null)
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..].Trim() : null;
        if (!Core.Security.ApiToken.Matches(token, presented))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsJsonAsync(
                new ApiError(presented is null ? "this call changes the cluster and needs 'Authorization: Bearer <token>'" : "wrong API token"),
                StatusJson.Options);
        }

        return next(context);
    }
}
