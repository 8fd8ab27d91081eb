"""The assembly's process: the assembly itself, its sessions and programs, theme tables and the
ABX frame (today, vision and values, recommendations, welfare trends)."""
