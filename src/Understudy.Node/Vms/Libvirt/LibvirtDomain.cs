namespace Understudy.Node.Vms.Libvirt;

/// <summary>A handle to one libvirt domain (<c>virDomainPtr</c>). Each call blocks until libvirtd answers;
/// a refusal is a <see cref="LibvirtException"/> that names the call, the domain and libvirt's reason.</summary>
internal sealed class LibvirtDomain(string name, nint handle) : IDisposable
{
    private nint _handle = handle;

    public string Name { get; } = name;

    /// <summary>libvirt's <c>virDomainState</c> (1 running, 3 paused, 5 shut off, 6 crashed).</summary>
    public int State => LibvirtNative.DomainGetState(Handle, out var state, out _, 0) == 0 ? state : throw Error("reading the state of");

    public bool IsActive => State is not (LibvirtNative.StateShutoff or LibvirtNative.StateCrashed);

    public void Start() => Check(LibvirtNative.DomainCreate(Handle), "starting");

    /// <summary>Presses the ACPI power button: the guest's OS shuts down, if it listens.</summary>
    public void Shutdown() => Check(LibvirtNative.DomainShutdownFlags(Handle, LibvirtNative.ShutdownAcpi), "shutting down");

    /// <summary>Pulls the plug: QEMU is killed (SIGTERM, then SIGKILL).</summary>
    public void Destroy() => Check(LibvirtNative.DomainDestroy(Handle), "destroying");

    public void Suspend() => Check(LibvirtNative.DomainSuspend(Handle), "suspending");

    public void Resume() => Check(LibvirtNative.DomainResume(Handle), "resuming");

    public void InjectNmi() => Check(LibvirtNative.DomainInjectNmi(Handle, 0), "injecting an NMI into");

    /// <summary>Turns libvirt's autostart off: only the role's owner, under its lease, may start the domain.</summary>
    public void DisableAutostart() => Check(LibvirtNative.DomainSetAutostart(Handle, 0), "turning autostart off for");

    public void Undefine() => Check(LibvirtNative.DomainUndefine(Handle), "undefining");

    /// <summary>The domain's persistent XML (not the running one's).</summary>
    public string InactiveXml => LibvirtNative.TakeString(LibvirtNative.DomainGetXmlDesc(Handle, LibvirtNative.XmlInactive)) ?? throw Error("reading the XML of");

    public void Dispose()
    {
        if (_handle != 0)
        {
            LibvirtNative.DomainFree(_handle);
            _handle = 0;
        }
    }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(LibvirtDomain));

    private void Check(int result, string what)
    {
        if (result < 0)
        {
            throw Error(what);
        }
    }

    private LibvirtException Error(string what) => new($"libvirt: {what} domain {Name}: {LibvirtNative.LastErrorMessage}", LibvirtNative.GetLastErrorCode());
}
