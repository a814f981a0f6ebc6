namespace Understudy.Core.Vms;

/// <summary>How a VM leaves a host when its role stops there.</summary>
public enum VmHandoverKind
{
    /// <summary>Stop it here; the next owner (if any) boots it afresh (a new guest incarnation).</summary>
    Restart,

    /// <summary>Live-migrate it to the next owner: the guest carries on there without a reboot.</summary>
    Migrate,
}
