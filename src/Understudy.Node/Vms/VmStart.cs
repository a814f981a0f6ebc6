using Understudy.Core.Vms;

namespace Understudy.Node.Vms;

/// <summary>What every driver does before it boots a VM.</summary>
internal static class VmStart
{
    /// <summary>Refuses invalid settings and an unavailable driver, saying what is wrong.</summary>
    public static void Check(VmSettings settings, IVmDriver driver)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = VmSettingsRules.Problems(settings);
        if (!problems.IsEmpty)
        {
            throw new ArgumentException($"VM '{settings.Name}': " + string.Join("; ", problems.Select(p => $"{p.Setting}: {p.Message}")), nameof(settings));
        }

        if (driver.Unavailable is { } reason)
        {
            throw new InvalidOperationException($"The {driver.Kind} VM driver is unavailable: {reason}");
        }
    }

    /// <summary>Writes a secret file readable by its owner only.</summary>
    public static void WriteSecret(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("VM drivers run on Linux.");
        }

        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
