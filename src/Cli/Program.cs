return KDTalker.Cli.CommandLine.Run(args);
