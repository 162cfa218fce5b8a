-- Decisions people can trust: every category that applies is kept (alsoCategories), and the
-- playbook's checklist items the owner ticked (flagsDone). Existing rows get empty lists.
ALTER TABLE `escalations` ADD `also_categories` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `escalations` ADD `flags_done` text DEFAULT '[]' NOT NULL;