using System.Globalization;
using System.IO.Compression;
using System.Text;
using Understudy.Core.Vms;

namespace Understudy.Node.Vms.Qemu;

/// <summary>
/// The guest image that <c>tools/vm/build-guest.sh</c> builds (kernel and busybox initramfs), and
/// the per-VM initramfs: the shared one with a second archive appended that holds the VM's
/// settings and key (the kernel unpacks concatenated archives in order).
/// </summary>
public sealed class GuestImage
{
    private GuestImage(string directory)
    {
        Directory = directory;
    }

    /// <summary>The build folder.</summary>
    public string Directory { get; }

    /// <summary>The Debian kernel.</summary>
    public string Kernel => Path.Combine(Directory, "vmlinuz");

    /// <summary>The shared busybox initramfs.</summary>
    public string Initramfs => Path.Combine(Directory, "initramfs.gz");

    /// <summary>The image in <paramref name="directory"/>, or null with what is missing.</summary>
    public static (GuestImage? Image, string? Problem) Open(string directory)
    {
        var image = new GuestImage(directory);
        foreach (var file in new[] { image.Kernel, image.Initramfs })
        {
            if (!File.Exists(file))
            {
                return (null, $"{file} is missing; build the guest image with tools/vm/build-guest.sh");
            }
        }

        return (image, null);
    }

    /// <summary>Writes the initramfs of VM <paramref name="settings"/> to <paramref name="path"/> (mode 0600: it holds the key).</summary>
    internal void WriteVmInitramfs(VmSettings settings, string vmKeyHex, string path)
    {
        var config = new NewcArchive();
        config.AddDirectory("etc");
        config.AddDirectory("etc/understudy");
        config.AddFile("etc/understudy/agent.conf", string.Create(CultureInfo.InvariantCulture,
            $"VM_NAME={settings.Name}\nINTERVAL_MS={(int)settings.HeartbeatInterval.TotalMilliseconds}\nCHECK_INTERVAL_S={Math.Max(1, (int)Math.Ceiling(settings.ServiceCheckInterval.TotalSeconds))}\n"));
        config.AddFile("etc/understudy/key", vmKeyHex + "\n", secret: true);
        config.AddFile("etc/understudy/workload", settings.Workload is { } w ? w + "\n" : "");
        var services = new StringBuilder();
        foreach (var service in settings.Services)
        {
            services.Append(service.Name).Append('\t').Append(service.Check).Append('\n');
        }

        config.AddFile("etc/understudy/services", services.ToString());

        VmStart.WriteSecret(path, "");
        using var output = new FileStream(path, FileMode.Truncate, FileAccess.Write);
        using (var shared = File.OpenRead(Initramfs))
        {
            shared.CopyTo(output);
        }

        using var gzip = new GZipStream(output, CompressionLevel.Optimal);
        gzip.Write(config.ToArray());
    }
}
