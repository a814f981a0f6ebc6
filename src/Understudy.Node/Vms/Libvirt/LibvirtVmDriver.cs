using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Understudy.Core.Security;
using Understudy.Core.Vms;
using Understudy.Core.Vms.Libvirt;
using Understudy.Node.Vms.Qemu;

namespace Understudy.Node.Vms.Libvirt;

/// <summary>
/// VMs that are libvirt domains (docs/vms.md, "libvirt"): the domain's XML comes with the VM's
/// settings (kept in the cluster database); starting it defines the domain in this host's libvirtd
/// from that XML, turns autostart off and starts it. Through libvirt's C library, not <c>virsh</c>:
/// a call is about a millisecond where a <c>virsh</c> process is tens (docs/vms.md has the figures).
/// </summary>
public sealed partial class LibvirtVmDriver(LibvirtDriverOptions options, TimeProvider time, ILogger<LibvirtVmDriver>? logger = null) : IVmDriver, IDisposable
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();
    private LibvirtConnection? _connection;

    /// <inheritdoc />
    public VmDriverKind Kind => VmDriverKind.Libvirt;

    /// <inheritdoc />
    public string? Unavailable => Connect().Problem;

    /// <inheritdoc />
    public async Task<IVirtualMachine> StartAsync(VmSettings settings, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Driver != VmDriverKind.Libvirt)
        {
            throw new ArgumentException($"VM '{settings.Name}' is a {settings.Driver.ToString().ToLowerInvariant()} VM, not a libvirt domain", nameof(settings));
        }

        VmStart.Check(settings, this);
        if (settings.DomainXml is null)
        {
            throw new ArgumentException($"VM '{settings.Name}': domainXml: the domain's XML was not loaded ({settings.DomainXmlFile})", nameof(settings));
        }

        var directory = Path.Combine(options.RootDirectory, settings.Name);
        var (plan, problems) = DomainDefinition.Prepare(settings.DomainXml, settings.Domain!, options.DomainPrefix + settings.Domain, directory, settings.SharedStorage ?? options.SharedStorage);
        if (plan is null)
        {
            throw new ArgumentException($"VM '{settings.Name}', domain {settings.Domain}: " + string.Join("; ", problems), nameof(settings));
        }

        System.IO.Directory.CreateDirectory(directory);
        foreach (var stale in new[] { DomainDefinition.HeartbeatSocketName, "console.log" })
        {
            File.Delete(Path.Combine(directory, stale));
        }

        WriteGuestSeed(settings, directory);
        var connection = Connect().Connection ?? throw new InvalidOperationException(Connect().Problem);
        var domain = await Task.Run(() => Define(connection, plan), token);
        DomainHolder? holder = null;
        try
        {
            if (options.LeaseFile is null)
            {
                await Task.Run(domain.Start, token);
            }
            else
            {
                holder = DomainHolder.Start(options, plan.Name, directory);
                await WaitForHeldStartAsync(domain, holder, settings.Name, token);
            }
        }
        catch
        {
            holder?.Dispose();
            if (options.UndefineWhenStopped)
            {
                TryUndefine(domain);
            }

            domain.Dispose();
            throw;
        }

        LogStarted(settings.Name, plan.Name, connection.Uri, holder is null ? "without" : "under");
        return new LibvirtVm(settings, directory, plan, domain, holder, options, time);
    }

    /// <summary>The persistent XML of domain <paramref name="name"/> in the libvirtd at <paramref name="uri"/> (<c>understudy vm import</c>).</summary>
    /// <exception cref="InvalidOperationException">No libvirtd, or no such domain (the message says which).</exception>
    public static string ReadDomainXml(string uri, string name)
    {
        var (opened, problem) = LibvirtConnection.Open(uri);
        using var connection = opened ?? throw new InvalidOperationException(problem);
        using var domain = connection.Lookup(name) ?? throw new InvalidOperationException($"libvirtd at {connection.Uri} has no domain named '{name}' (virsh -c {connection.Uri} list --all shows them)");
        return domain.InactiveXml;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    private LibvirtDomain Define(LibvirtConnection connection, DomainPlan plan)
    {
        using (var existing = connection.Lookup(plan.Name))
        {
            if (existing is { IsActive: true })
            {
                // Started outside Understudy (by hand, or by libvirt's autostart): starting another
                // copy elsewhere could open its disk twice. Only the role's owner may run it.
                throw new InvalidOperationException($"domain {plan.Name} already runs on this host outside the role: shut it down (virsh shutdown {plan.Name}) and let the role's owner start it");
            }

            if (existing is not null && options.DomainPrefix.Length > 0)
            {
                existing.Undefine(); // this host's copy from an earlier run, maybe of an older XML
            }
        }

        var domain = connection.Define(plan.Name, plan.Xml);
        try
        {
            domain.DisableAutostart();
            return domain;
        }
        catch
        {
            domain.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the holder's <c>virsh</c> has run the start; the domain then runs, or the log says why not.</summary>
    private async Task WaitForHeldStartAsync(LibvirtDomain domain, DomainHolder holder, string vm, CancellationToken token)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(options.StartTimeout);
        try
        {
            while (!holder.Log.Contains(DomainHolder.Marker, StringComparison.Ordinal))
            {
                if (holder.HasExited)
                {
                    throw new InvalidOperationException(holder.ExitCode == Resources.LeaseGuard.LeaseExpiredExitCode
                        ? $"VM {vm}: this host holds no lease, so the guard did not start domain {domain.Name}"
                        : $"VM {vm}: the lease guard of domain {domain.Name} exited with {holder.ExitCode}: {holder.Log}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), time, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            throw new InvalidOperationException($"VM {vm}: domain {domain.Name} did not start within {options.StartTimeout.TotalSeconds} s: {holder.Log}");
        }

        if (!await Task.Run(() => domain.IsActive, token))
        {
            var errors = string.Join(" ", holder.Log.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Select(l => l["error:".Length..].Trim()));
            throw new LibvirtException($"libvirt: starting domain {domain.Name}: {(errors.Length > 0 ? errors : holder.Log)}");
        }
    }

    private static void TryUndefine(LibvirtDomain domain)
    {
        try
        {
            domain.Undefine();
        }
        catch (LibvirtException)
        {
            // Left defined; the next start redefines it.
        }
    }

    /// <summary>Writes <c>${vmDir}/initramfs.gz</c> (the guest agent's settings and key) when Understudy's guest image is here.</summary>
    private void WriteGuestSeed(VmSettings settings, string directory)
    {
        if (options.GuestImageDirectory is { } folder && GuestImage.Open(folder).Image is { } image)
        {
            image.WriteVmInitramfs(settings, Convert.ToHexStringLower(ClusterKeys.ForVm(options.GuestAgentKey.Span, settings.Name)), Path.Combine(directory, "initramfs.gz"));
        }
    }

    private (LibvirtConnection? Connection, string? Problem) Connect()
    {
        lock (_gate)
        {
            if (_connection is { IsAlive: true })
            {
                return (_connection, null);
            }

            _connection?.Dispose();
            var (connection, problem) = LibvirtConnection.Open(options.Uri);
            _connection = connection;
            return (connection, problem);
        }
    }

    [LoggerMessage(EventId = 5131, Level = LogLevel.Information, Message = "VM {Vm}: libvirt domain {Domain} defined and started at {Uri}, {Fence} the lease guard")]
    private partial void LogStarted(string vm, string domain, string uri, string fence);
}
