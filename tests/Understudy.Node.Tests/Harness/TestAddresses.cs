namespace Understudy.Node.Tests.Harness;

/// <summary>
/// A fresh 127.x.y.0/24 block for each test cluster, so clusters of parallel or earlier test runs
/// never share an address or port. Linux answers on all of 127.0.0.0/8 without configuration.
/// </summary>
internal static class TestAddresses
{
    private static int s_next = Random.Shared.Next(0, 200 * 250);

    public static string Block()
    {
        var n = Interlocked.Increment(ref s_next) % (200 * 250);
        return $"127.{20 + n / 250}.{1 + n % 250}";
    }
}
