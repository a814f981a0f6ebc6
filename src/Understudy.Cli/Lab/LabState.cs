using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Understudy.Core.Addresses;
using Understudy.Core.Lab;

namespace Understudy.Cli.Lab;

/// <summary>
/// A lab that <c>understudy up --hosts</c> made, as a file in <see cref="Directory"/>, written
/// before the first namespace exists and deleted after the last is gone: a lab left by a killed
/// <c>up</c> is always named by one, so <c>lab clean</c> and the next <c>up</c> find all of it.
/// The owner is the <c>up</c> process, known by pid and start time (a reused pid is not it).
/// </summary>
internal sealed record LabState(string Name, string File, int Pid, long StartTime, string Lan, ImmutableArray<LabHost> Hosts, LabHost Client)
{
    /// <summary>Where lab files live: a tmpfs, so a reboot (which removes every namespace too) forgets them.</summary>
    public static string Directory { get; } = Environment.GetEnvironmentVariable("UNDERSTUDY_LAB_DIR") ?? "/run/understudy/labs";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new AddressJsonConverter() } };

    /// <summary>The state of <paramref name="plan"/>, owned by this process.</summary>
    public static LabState Of(LabPlan plan, string file) =>
        new(plan.Names.Lab, file, Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? 0, plan.Lan.ToString(), plan.Hosts, plan.Client);

    /// <summary>The plan this state describes.</summary>
    public LabPlan Plan => new(new LabNames(Name), IPNetwork.Parse(Lan), Hosts, Client);

    /// <summary>True while the <c>up</c> that made the lab runs.</summary>
    public bool OwnerAlive => StartTimeOf(Pid) is { } started && started == StartTime;

    /// <summary>The lab named <paramref name="name"/>, or null.</summary>
    public static LabState? Find(string name) => Read(PathOf(name));

    /// <summary>Every lab this machine has a file for.</summary>
    public static IReadOnlyList<LabState> All() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Read).OfType<LabState>().OrderBy(s => s.Name, StringComparer.Ordinal)]
            : [];

    /// <summary>Writes the file (whole, by a rename).</summary>
    public void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = PathOf(Name) + ".tmp";
        System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        System.IO.File.Move(temporary, PathOf(Name), overwrite: true);
    }

    /// <summary>Deletes the file.</summary>
    public void Delete() => System.IO.File.Delete(PathOf(Name));

    private static string PathOf(string name) => Path.Combine(Directory, name + ".json");

    private static LabState? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LabState>(System.IO.File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.
    private static long? StartTimeOf(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
