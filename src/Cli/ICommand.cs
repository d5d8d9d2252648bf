namespace KDTalker.Cli;

/// <summary>One `kdtalker` sub-command.</summary>
internal interface ICommand
{
    /// <summary>The words that select it, e.g. "info" or "weights inspect".</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs with the arguments after the name; returns the exit code.</summary>
    int Run(Arguments arguments);
}
