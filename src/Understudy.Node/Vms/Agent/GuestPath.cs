namespace Understudy.Node.Vms.Agent;

/// <summary>
/// The PATH a process VM's workload and service checks run with: the folder of the
/// <c>understudy</c> program first, as if it were installed in the guest, so that a guest can run
/// <c>understudy node run</c> (guest clustering) or <c>understudy example kv</c>.
/// </summary>
internal static class GuestPath
{
    public static void Apply(System.Diagnostics.ProcessStartInfo start)
    {
        var inherited = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["PATH"] = AppContext.BaseDirectory.TrimEnd('/') + ":" + inherited;
    }
}
