namespace KDTalker.Cli;

/// <summary>What `kdtalker` returns to the shell.</summary>
internal static class ExitCodes
{
    /// <summary>The work is done (for selftest: every case passed).</summary>
    public const int Success = 0;

    /// <summary>An input file is missing or is not what it claims to be; or a selftest case failed.</summary>
    public const int InputError = 1;

    /// <summary>The command line cannot run: an unknown verb or option, a bad value, a missing required option or folder.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it); nothing partial was left behind.</summary>
    public const int Cancelled = 130;
}
