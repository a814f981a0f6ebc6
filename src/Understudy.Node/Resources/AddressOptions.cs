namespace Understudy.Node.Resources;

/// <summary>Timing of <c>address</c> resources on a real interface.</summary>
internal static class AddressOptions
{
    /// <summary>How long a start waits for the guard to put the address on the interface: 5 s,
    /// room for the .NET fallback guard's runtime start-up on a loaded machine (the native guard
    /// takes about a millisecond).</summary>
    public static readonly TimeSpan AppearTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a start looks whether the address is there yet: 10 ms, small against
    /// the failover's second, cheap (one bind).</summary>
    public static readonly TimeSpan AppearPoll = TimeSpan.FromMilliseconds(10);
}
