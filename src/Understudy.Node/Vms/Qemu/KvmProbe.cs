namespace Understudy.Node.Vms.Qemu;

/// <summary>The remembered result of the KVM probe (<see cref="Core.Vms.AccelerationChoice"/>): in
/// memory for this process and in a file, so the next process does not pay for the probe again.</summary>
internal static class KvmProbe
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, bool> s_known = [];

    /// <summary>Whether <c>/dev/kvm</c> exists and opens for reading and writing.</summary>
    public static bool DeviceUsable()
    {
        try
        {
            using var device = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool? Read(string file)
    {
        lock (s_gate)
        {
            if (s_known.TryGetValue(file, out var known))
            {
                return known;
            }
        }

        try
        {
            return File.ReadAllText(file).Trim() switch
            {
                "kvm works" => true,
                "kvm broken" => false,
                _ => null,
            };
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static void Write(string file, bool works)
    {
        lock (s_gate)
        {
            s_known[file] = works;
        }

        try
        {
            File.WriteAllText(file, works ? "kvm works\n" : "kvm broken\n");
        }
        catch (IOException)
        {
            // Only the cache across processes is lost.
        }
    }
}
