-- Health of a rootmfa.io/RootMfaPolicy, and of a rootmfa.io/OrganizationRootMfaPolicy, for Argo CD: both kinds
-- write Ready, Reconciling and Stalled alike, so one check serves both (OrganizationRootMfaPolicy/health.lua
-- links here). Status is trusted only once the operator has observed the current generation.
local hs = {}

local function condition(conditions, type)
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local generation = obj.metadata.generation
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile the policy"
  return hs
end
if generation ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local conditions = obj.status.conditions or {}
local ready = condition(conditions, "Ready")
local stalled = condition(conditions, "Stalled")

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "Root MFA policy is satisfied"
  return hs
end
-- Stalled=True first: kstatus computes Failed for it, whatever the reason, and Degraded says the same.
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = stalled.message or "The policy cannot progress without a person"
  return hs
end
-- Waiting on purpose for a break-glass window or a console enrollment: a policy, or an organization policy whose
-- every child that is not Ready waits so.
local waiting = { AwaitingBreakGlass = true, AwaitingConsoleEnrollment = true, ChildrenAwaitingEnrollment = true }
if ready ~= nil and ready.status == "False" and waiting[ready.reason] then
  hs.status = "Suspended"
  hs.message = ready.message or "Waiting for an approved break-glass window"
  return hs
end

hs.status = "Progressing"
if ready ~= nil and ready.message ~= nil then
  hs.message = ready.message
else
  hs.message = "Waiting for the Ready condition"
end
return hs
