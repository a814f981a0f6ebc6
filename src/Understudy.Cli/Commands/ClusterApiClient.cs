using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// Sends a state-changing call to the cluster's leader: finds the leader through any node's
/// status, sends the call there with the operator token of the generation that status names, and says what came of it, as an exit code
/// of <see cref="CliExit"/> (docs/operations.md "Exit codes").
/// </summary>
internal sealed class ClusterApiClient(IReadOnlyList<string> urls, OperatorCredential credential, ApiTrust trust) : IDisposable
{
    /// <summary>Tries before giving up: leadership may move between finding the leader and the call.</summary>
    private const int Attempts = 5;

    private readonly HttpClient _http = trust.Client(TimeSpan.FromSeconds(10));
    private readonly StatusClient _status = new(trust);

    public async Task<ChangeOutcome> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancel)
    {
        var anyAnswered = false;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (leader, generation, answered) = await LeaderUrlAsync(cancel);
            anyAnswered |= answered;
            if (leader is null)
            {
                continue;
            }

            using var request = new HttpRequestMessage(method, leader + path) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.For(generation));
            // A body the node refuses (401, 413) is answered before it is sent, instead of the
            // node closing the connection under a client still writing it (a reset, no answer).
            request.Headers.ExpectContinue = request.Content is not null;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
            {
                continue;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancel);
                if (response.IsSuccessStatusCode)
                {
                    return new(CliExit.Ok, leader, TryVersion(body), null) { Body = body };
                }

                var error = TryError(body);
                if ((response.StatusCode == HttpStatusCode.Conflict && error?.Path == "leader") || response.StatusCode == HttpStatusCode.MisdirectedRequest)
                {
                    continue; // leadership moved between the status and the call
                }

                var text = error is null ? $"refused: HTTP {(int)response.StatusCode}" : error.Path is null ? error.Error : $"{error.Path}: {error.Error}";
                return new(CodeOf(response.StatusCode), leader, null, text);
            }
        }

        return anyAnswered
            ? new(CliExit.NoQuorum, null, null, $"no leader: nodes answered but none leads a majority now (tried {string.Join(", ", urls)}); try again when a majority of voters is Up")
            : new(CliExit.Unreachable, null, null, $"no node answered (tried {string.Join(", ", urls)})");
    }

    /// <summary>The exit code for a refusal with this HTTP status (docs/api.md).</summary>
    internal static int CodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => CliExit.NotFound,
        HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CliExit.Refused,
        HttpStatusCode.RequestEntityTooLarge => CliExit.BadInput,
        HttpStatusCode.ServiceUnavailable => CliExit.NoQuorum,
        _ => CliExit.Failed,
    };

    private async Task<(string? Leader, long Generation, bool Answered)> LeaderUrlAsync(CancellationToken cancel)
    {
        var answered = false;
        foreach (var url in urls)
        {
            if (await _status.TryGetAsync(url, cancel) is { } status)
            {
                answered = true;
                if (status.Leader is { } leader)
                {
                    return (status.Nodes.FirstOrDefault(n => n.Name == leader)?.ApiUrl ?? url, status.TokenGeneration, true);
                }
            }
        }

        return (null, 0, answered);
    }

    private static ApiError? TryError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ApiError>(body, StatusJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? TryVersion(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out var v) && v.TryGetInt64(out var version) ? version : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _status.Dispose();
    }
}
