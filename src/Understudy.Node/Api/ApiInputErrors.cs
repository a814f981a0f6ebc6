using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Understudy.Node.Api;

/// <summary>
/// Turns a request the API cannot read into a 4xx with an <see cref="ApiError"/>: a body over
/// the limit is 413, a body or query value that does not bind is 400 naming the field (the JSON
/// path of the value, or the parameter). Without this, ASP.NET answers such requests with an
/// empty 400, and a handler that reads the body itself fails with 500. A change that lost the
/// leadership while it was being replicated is 421, as one sent to a follower is: the caller
/// retries at the new leader (seen in the host lab: an election during a follower's commit).
/// </summary>
internal sealed class ApiInputErrors(int maxBodyBytes)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var json = FindJson(e);
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new ApiError($"the request body is larger than {maxBodyBytes} bytes (api.maxRequestBodyBytes in the cluster file)")
                : new ApiError(json is null ? e.Message : $"{e.Message} {json.Message}", Field(json?.Path));
            context.Response.StatusCode = e.StatusCode;
            await context.Response.WriteAsJsonAsync(error, StatusJson.Options);
        }
        catch (DotNext.Net.Cluster.Consensus.Raft.NotLeaderException) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await context.Response.WriteAsJsonAsync(new ApiError("not the leader: the leadership changed while the change was being replicated; send it to the new leader"), StatusJson.Options);
        }
    }

    /// <summary>"$.token" → "token", "$[2].member" → "[2].member"; the root names no field.</summary>
    public static string? Field(string? jsonPath) => jsonPath switch
    {
        null or "$" => null,
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ when jsonPath.StartsWith('$') => jsonPath[1..],
        _ => jsonPath,
    };

    private static JsonException? FindJson(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
