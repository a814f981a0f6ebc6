using System.Net.Http.Headers;

namespace Understudy.Bench.Soak;

/// <summary>
/// The soak's load: one kv client (a PUT then a GET, every 50 ms) on the role's address, and two
/// NLB clients (a GET on a new connection each, every 10 ms) on the cluster address. Counts what
/// answered and what did not; a request that fails is never retried, so each failure is one.
/// </summary>
internal sealed class SoakClients(string block)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private long _kvOk;
    private long _kvFailed;
    private long _nlbOk;
    private long _nlbFailed;

    public long KvOk => Interlocked.Read(ref _kvOk);

    public long KvFailed => Interlocked.Read(ref _kvFailed);

    public long NlbOk => Interlocked.Read(ref _nlbOk);

    public long NlbFailed => Interlocked.Read(ref _nlbFailed);

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(KvAsync(stop), NlbAsync(stop), NlbAsync(stop));

    private async Task KvAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        var url = SoakRoles.KvUrl(block) + "/kv/soak";
        for (long i = 0; !stop.IsCancellationRequested; i++)
        {
            var ok = await TryAsync(async () =>
            {
                using var put = await http.PutAsync(url, new StringContent(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), stop);
                using var get = await http.GetAsync(url, stop);
                return put.IsSuccessStatusCode && get.IsSuccessStatusCode;
            }, stop);
            Count(ok, ref _kvOk, ref _kvFailed);
            await Pause(TimeSpan.FromMilliseconds(50), stop);
        }
    }

    private async Task NlbAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = RequestTimeout };
        while (!stop.IsCancellationRequested)
        {
            var ok = await TryAsync(async () =>
            {
                // A new connection each time: the cluster address spreads connections, not requests.
                using var request = new HttpRequestMessage(HttpMethod.Get, SoakRoles.NlbUrl(block));
                request.Headers.ConnectionClose = true;
                request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
                using var response = await http.SendAsync(request, stop);
                return response.IsSuccessStatusCode;
            }, stop);
            Count(ok, ref _nlbOk, ref _nlbFailed);
            await Pause(TimeSpan.FromMilliseconds(10), stop);
        }
    }

    // null: stopped mid-request (the end of the soak, not a failure).
    private static async Task<bool?> TryAsync(Func<Task<bool>> request, CancellationToken stop)
    {
        try
        {
            return await request();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static void Count(bool? ok, ref long good, ref long bad)
    {
        if (ok is true)
        {
            Interlocked.Increment(ref good);
        }
        else if (ok is false)
        {
            Interlocked.Increment(ref bad);
        }
    }

    private static async Task Pause(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
