using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>
/// Sends a state-changing call to the cluster's leader: finds the leader through any node's
/// status, sends the call there with the API token, and prints the refusal if there is one.
/// </summary>
internal sealed class ClusterApiClient(IReadOnlyList<string> urls, string token) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly StatusClient _status = new();

    /// <summary>Exit code: 0 done, 1 refused, 3 no leader reachable.</summary>
    public async Task<int> SendAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancel)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var leader = await LeaderUrlAsync(cancel);
            if (leader is null)
            {
                continue;
            }

            using var request = new HttpRequestMessage(method, leader + path) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
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
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    continue; // leadership moved between the status and the call
                }

                if (response.IsSuccessStatusCode)
                {
                    return 0;
                }

                var body = await response.Content.ReadAsStringAsync(cancel);
                var error = TryError(body);
                Console.Error.WriteLine(error is null ? $"refused: HTTP {(int)response.StatusCode}" : error.Path is null ? error.Error : $"{error.Path}: {error.Error}");
                return 1;
            }
        }

        Console.Error.WriteLine($"no leader answered (tried {string.Join(", ", urls)})");
        return StatusCommand.Unreachable;
    }

    private async Task<string?> LeaderUrlAsync(CancellationToken cancel)
    {
        foreach (var url in urls)
        {
            if (await _status.TryGetAsync(url, cancel) is { Leader: { } leader } status)
            {
                return status.Nodes.FirstOrDefault(n => n.Name == leader)?.ApiUrl ?? url;
            }
        }

        return null;
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

    public void Dispose()
    {
        _http.Dispose();
        _status.Dispose();
    }
}
